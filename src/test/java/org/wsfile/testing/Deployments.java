package org.wsfile.testing;

import java.io.File;
import java.net.URI;
import java.net.URL;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archives the integration tests deploy: the WAR that {@code mvn package} built, as users run it. */
public final class Deployments {
    private static final File BUILT_WAR = new File("target/wsfile.war");

    private Deployments() {
    }

    /** target/wsfile.war as it is, at context /wsfile. */
    public static WebArchive wsfile() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, BUILT_WAR);
    }

    /** target/wsfile.war under another name, with settings given in its microprofile-config.properties. */
    public static WebArchive wsfileWithSettings(String name, String settings) {
        return ShrinkWrap.create(WebArchive.class, name)
                .merge(wsfile())
                .addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties");
    }

    /** The WebSocket endpoint of a deployment whose base URL Arquillian gave. */
    public static URI endpoint(URL base) {
        String http = base.toString();
        return URI.create(http.replaceFirst("^http", "ws") + (http.endsWith("/") ? "" : "/") + "ws");
    }
}
