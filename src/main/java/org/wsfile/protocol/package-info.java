/**
 * Both wire protocols, their names and limits: parsers and writers of what clients and the
 * server send. Shared by the server and the clients; it knows neither.
 */
package org.wsfile.protocol;
