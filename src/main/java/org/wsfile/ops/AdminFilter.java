package org.wsfile.ops;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.wsfile.config.AccessControl;
import org.wsfile.auth.InvalidTokenException;

/**
 * When tokens are required, the status page, its data and the metrics need a token with the
 * {@code admin} claim, given as {@code ?token=} or as {@code Authorization: Bearer}.
 */
@WebFilter({"/status", "/status.html", "/metrics"})
public class AdminFilter extends HttpFilter {
    private static final String BEARER = "Bearer ";

    @Inject
    AccessControl access;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!access.tokensRequired()) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        Optional<String> token = header != null && header.startsWith(BEARER)
                ? Optional.of(header.substring(BEARER.length())) : Optional.ofNullable(request.getParameter("token"));
        try {
            if (access.permissions(token).admin()) {
                chain.doFilter(request, response);
                return;
            }
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "this token does not allow the server's status");
        } catch (InvalidTokenException refused) {
            response.setHeader("WWW-Authenticate", "Bearer");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, refused.getMessage());
        }
    }
}
