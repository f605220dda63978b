/**
 * WebSocket itself (RFC 6455): frames as either end reads and writes them, and the opening
 * handshake's key and answer. Shared by the server's own upgraded connections and the Java
 * client; it knows neither.
 */
package org.wsfile.websocket;
