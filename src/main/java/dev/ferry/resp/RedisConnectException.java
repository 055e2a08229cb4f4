package dev.ferry.resp;

/** Could not reach or log in to a Redis server; the message says which and what to check. */
public class RedisConnectException extends RuntimeException {
    public RedisConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
