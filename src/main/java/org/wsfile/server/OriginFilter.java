package org.wsfile.server;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.wsfile.config.Settings;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

/**
 * Refuses the WebSocket handshake of a web page from another site (403), so that a page a
 * visitor opens elsewhere cannot use the visitor's browser to receive or send files here
 * (cross-site WebSocket hijacking). A browser always says which site's page connects (the
 * Origin header); the server's own pages are allowed, and the sites in
 * {@link Settings#allowedOrigins()}. Programs that are not browsers send no Origin and are let
 * through: they are not a visitor's browser acting for someone else.
 * <p>
 * Declared filters run before the WebSocket engine's own filter on Payara, WildFly and TomEE.
 */
@WebFilter("/ws")
public class OriginFilter extends HttpFilter {
    @Inject
    Settings settings;
    @Inject
    Refusals refusals;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || allowed(origin.toLowerCase(Locale.ROOT), request.getHeader("Host"))) {
            chain.doFilter(request, response);
            return;
        }
        ProtocolException refusal = new ProtocolException(ErrorCode.ORIGIN_NOT_ALLOWED,
                "pages from " + origin + " may not connect to this server");
        refusals.record(request.getRemoteAddr(), refusal);
        response.sendError(HttpServletResponse.SC_FORBIDDEN, refusal.getMessage());
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
