/**
 * Access tokens: who may publish to and receive from which topics, and who may see the server's
 * status. Shared: the command line makes tokens, the server checks them.
 */
package org.wsfile.auth;
