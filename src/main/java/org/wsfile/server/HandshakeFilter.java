package org.wsfile.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.wsfile.config.Settings;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

/**
 * Looks at every WebSocket handshake before the WebSocket engine does.
 * <p>
 * It refuses the handshake of a web page from another site (403), so that a page a
 * visitor opens elsewhere cannot use the visitor's browser to receive or send files here
 * (cross-site WebSocket hijacking). A browser always says which site's page connects (the
 * Origin header); the server's own pages are allowed, and the sites in
 * {@link Settings#allowedOrigins()}. Programs that are not browsers send no Origin and are let
 * through: they are not a visitor's browser acting for someone else. A page opened from a file
 * sends the origin {@code null}, as does a sandboxed frame of any site: it is refused unless
 * {@code null} is listed (see {@link Settings#NULL_ORIGIN}).
 * <p>
 * Handshakes of the original protocol's clients, and of all clients if so configured, it answers
 * itself (see {@link OwnUpgrade}).
 * <p>
 * It tells the endpoint the client's address, which the WebSocket API does not give it, as the
 * request parameter {@value #PEER} (replacing any the client sent), so that connections can be
 * counted per address.
 * <p>
 * Declared filters run before the WebSocket engine's own filter on Payara, WildFly and TomEE,
 * and the engines take the request parameters from the request the filter passes on (both
 * checked by the portability test).
 */
@WebFilter("/ws")
public class HandshakeFilter extends HttpFilter {
    /** The request parameter that carries the client's address to the endpoint. */
    static final String PEER = "wsfile-peer";

    @Inject
    Settings settings;
    @Inject
    Refusals refusals;
    @Inject
    ServerContext server;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || allowed(origin.toLowerCase(Locale.ROOT), request.getHeader("Host"))) {
            if (OwnUpgrade.applies(request, settings.streamingWebSocket())) {
                OwnUpgrade.upgrade(new WithPeer(request), response, server);
            } else {
                chain.doFilter(new WithPeer(request), response);
            }
            return;
        }
        ProtocolException refusal = new ProtocolException(ErrorCode.ORIGIN_NOT_ALLOWED, origin.equals(Settings.NULL_ORIGIN)
                ? "pages opened from files send the origin null, which this server allows only when started with "
                        + Settings.ALLOWED_ORIGINS + "=null"
                : "pages from " + origin + " may not connect to this server unless it is started with "
                        + Settings.ALLOWED_ORIGINS + "=" + origin);
        refusals.record(request.getRemoteAddr(), refusal);
        response.sendError(HttpServletResponse.SC_FORBIDDEN, refusal.getMessage());
    }

    /** The request with the client's address added as the parameter {@link #PEER}. */
    private static final class WithPeer extends HttpServletRequestWrapper {
        private final String peer;

        WithPeer(HttpServletRequest request) {
            super(request);
            this.peer = request.getRemoteAddr();
        }

        @Override
        public String getQueryString() {
            String query = super.getQueryString() == null ? "" : super.getQueryString();
            String others = Arrays.stream(query.split("&")).filter(part -> !part.isEmpty() && !part.startsWith(PEER + "="))
                    .collect(Collectors.joining("&"));
            return (others.isEmpty() ? "" : others + "&") + PEER + "=" + URLEncoder.encode(peer, StandardCharsets.UTF_8);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> parameters = new HashMap<>(super.getParameterMap());
            parameters.put(PEER, new String[] {peer});
            return Collections.unmodifiableMap(parameters);
        }

        @Override
        public String getParameter(String name) {
            return name.equals(PEER) ? peer : super.getParameter(name);
        }

        @Override
        public String[] getParameterValues(String name) {
            return name.equals(PEER) ? new String[] {peer} : super.getParameterValues(name);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }
    }

    private boolean allowed(String origin, String host) {
        if (settings.allowedOrigins().contains("*") || settings.allowedOrigins().contains(origin)) {
            return true;
        }
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
    }
}
