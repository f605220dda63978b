/**
 * Spooled delivery: the rest of a file kept on disk ({@link org.wsfile.spool.SpoolStore}) for a
 * streaming subscriber that fell behind its sender, so that it slows down nobody else; the hub
 * feeds it from there at its own pace. Server side: in the WAR only.
 */
package org.wsfile.spool;
