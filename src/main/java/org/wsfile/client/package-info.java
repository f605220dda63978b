/**
 * Clients of a wsfile server, for the command line and other Java programs: a connection in the
 * streaming protocol ({@link org.wsfile.client.StreamConnection}) or the original one
 * ({@link org.wsfile.client.LegacyConnection}), and a folder that keeps only whole, verified
 * files ({@link org.wsfile.client.DownloadFolder}). Client side: in {@code wsfile-cli.jar}, not in the WAR.
 */
package org.wsfile.client;
