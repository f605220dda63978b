/** The server's settings and the tokens it accepts, read once at start. Server side: in the WAR only. */
package org.wsfile.config;
