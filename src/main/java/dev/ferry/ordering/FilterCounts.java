package dev.ferry.ordering;

import dev.ferry.event.CommandEvent;

/** What {@link EventFilter} left out, as it leaves it out. */
interface FilterCounts {
    /** A snapshot key not migrated: its key or db is filtered out. */
    void keyFilteredOut();

    /** A command not migrated: its db, name or group, or all of its keys, are filtered out. */
    void commandFilteredOut();

    /** A command on keys of which only some are allowed, that cannot be cut per key: not migrated at all. */
    void partlyAllowedDropped(CommandEvent c);
}
