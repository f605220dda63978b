package org.wsfile.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Where the server this application runs in listens for HTTP, as far as it can be told from
 * inside: the Servlet and WebSocket APIs do not say before the first request. Payara Micro is
 * told by its command line ({@code --port}, and a pre-boot command file that sets the
 * listener's address); Tomcat (TomEE) and WildFly publish their listeners as JMX beans.
 */
final class ListenAddresses {
    private static final Pattern PREBOOT_ADDRESS = Pattern.compile("http-listener\\.address=(\\S+)");
    private static final String ANY = "0.0.0.0";

    private ListenAddresses() {
    }

    /** The port and address found, if any. */
    record Listener(int port, String address) {
        Listener {
            address = address.startsWith("/") ? address.substring(1) : address;
        }

        /** Whether it takes connections on every network interface. */
        boolean listensEverywhere() {
            return address.equals(ANY) || address.equals("::");
        }

        /** Base addresses people can open: this machine's name for itself, and its network addresses where the listener takes them. */
        List<String> hosts() {
            if (!listensEverywhere()) {
                return List.of(address.contains(":") ? "[" + address + "]" : address);
            }
            List<String> hosts = new ArrayList<>(List.of("localhost"));
            try {
                for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (network.isUp() && !network.isLoopback()) {
                        network.inetAddresses().filter(Inet4Address.class::isInstance)
                                .map(InetAddress::getHostAddress).forEach(hosts::add);
                    }
                }
            } catch (SocketException e) {
                // localhost alone, then
            }
            return hosts;
        }
    }

    /** The HTTP listener, if this server tells. */
    static Optional<Listener> find() {
        List<String> arguments = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        return payaraMicro(arguments).or(ListenAddresses::fromJmx);
    }

    /** Payara Micro's {@code --port} (8080 if not given) and the address its pre-boot commands give the listener. */
    static Optional<Listener> payaraMicro(List<String> arguments) {
        if (arguments.stream().noneMatch(argument -> argument.contains("payara-micro"))) {
            return Optional.empty();
        }
        int port = option(arguments, "--port").map(Integer::parseInt).orElse(8080);
        String address = option(arguments, "--prebootcommandfile").flatMap(ListenAddresses::prebootAddress).orElse(ANY);
        return Optional.of(new Listener(port, address));
    }

    private static Optional<String> option(List<String> arguments, String name) {
        int at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? Optional.of(arguments.get(at + 1)) : Optional.empty();
    }

    private static Optional<String> prebootAddress(String file) {
        try {
            Matcher m = PREBOOT_ADDRESS.matcher(Files.readString(Path.of(file)));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Tomcat's HTTP connector or WildFly's {@code http} socket binding. */
    private static Optional<Listener> fromJmx() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName connector : server.queryNames(new ObjectName("Catalina:type=Connector,*"), null)) {
                if (String.valueOf(server.getAttribute(connector, "protocol")).startsWith("HTTP")
                        && !Boolean.TRUE.equals(server.getAttribute(connector, "secure"))) {
                    Object address = server.getAttribute(connector, "address");
                    return port(server.getAttribute(connector, "localPort")).stream().boxed().findFirst()
                            .map(port -> new Listener(port, hostOf(address)));
                }
            }
            ObjectName http = new ObjectName("jboss.as:socket-binding-group=standard-sockets,socket-binding=http");
            if (server.isRegistered(http)) {
                Object address = server.getAttribute(http, "boundAddress");
                return port(server.getAttribute(http, "boundPort")).stream().boxed().findFirst()
                        .map(port -> new Listener(port, hostOf(address)));
            }
        } catch (JMException | RuntimeException e) {
            // not told, then
        }
        return Optional.empty();
    }

    /** A listener's address as a JMX bean gives it (an address, its text, or nothing for every interface). */
    private static String hostOf(Object address) {
        if (address instanceof InetAddress inet) {
            return inet.getHostAddress();
        }
        return address == null || String.valueOf(address).isBlank() ? ANY : String.valueOf(address);
    }

    private static OptionalInt port(Object value) {
        return value instanceof Number number && number.intValue() > 0 ? OptionalInt.of(number.intValue()) : OptionalInt.empty();
    }
}
