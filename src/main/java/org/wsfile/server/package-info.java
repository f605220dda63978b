/**
 * The WebSocket endpoint and what each connection does with what it receives and sends: see
 * docs/ARCHITECTURE.md. Server side: in the WAR only.
 */
package org.wsfile.server;
