/** {@code [filter] function}: RedisShake's Lua transform, run on every event before {@code db_map} and keyBy. */
package dev.ferry.function;
