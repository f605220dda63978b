/** The {@code wsfile} command line: send, receive, token. Client side: {@code wsfile-cli.jar}'s main, not in the WAR. */
package org.wsfile.cli;
