/**
 * Topic history: the last files of each topic kept on disk as they are relayed
 * ({@link org.wsfile.history.HistoryStore}, a recorder beside the hub that is no subscriber) and
 * sent again to subscribers who ask for them ({@link org.wsfile.history.History}). Server side:
 * in the WAR only.
 */
package org.wsfile.history;
