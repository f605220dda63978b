/** Access tokens: who may publish to and receive from which topics, and who may see the server's status. */
package org.wsfile.auth;
