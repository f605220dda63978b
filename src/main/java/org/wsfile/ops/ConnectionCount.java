package org.wsfile.ops;

/** How many connections are open right now. */
public interface ConnectionCount {
    int count();
}
