package dev.ferry.verify;

/**
 * One command on one server in one db, answered before it returns: what the comparers need from Jedis (tests, the demo)
 * and from Ferry's own connections ({@code ferry verify}) alike. Replies are RESP values: byte[], Long, String, List.
 */
@FunctionalInterface
public interface RedisCall {
    Object call(byte[]... argv);
}
