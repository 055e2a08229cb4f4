/**
 * Ferry's configuration: a TOML file, compatible with RedisShake v4's {@code shake.toml} for the
 * same concepts, loaded by {@link dev.ferry.config.ConfigLoader} into immutable, validated,
 * {@link java.io.Serializable} records rooted at {@link dev.ferry.config.FerryConfig}.
 *
 * <p>Examples live in {@code conf/}: {@code rdb_to_redis.toml} (every key explained) and
 * {@code shake_compatible.toml} (a RedisShake-style file that Ferry runs unchanged).
 *
 * <p>Errors are {@link dev.ferry.config.ConfigException}s that name the file and line (or the
 * {@code --set} override) and the fix; RedisShake keys without meaning in Ferry are reported in
 * {@link dev.ferry.config.FerryConfig#notes()}.
 */
package dev.ferry.config;
