package dev.ferry.config;

import dev.ferry.resp.tls.TlsSettings;
import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * Section {@code [scan_reader]}: Ferry reads the source with {@code SCAN} + {@code DUMP}, the commands managed Redis
 * services leave open when they forbid PSYNC, and optionally follows keyspace notifications afterwards.
 *
 * <pre>
 * [scan_reader]
 * cluster = false                 # true: the source is a Redis Cluster, address is any of its nodes
 * address = "127.0.0.1:6379"
 * username = ""
 * password = "${SOURCE_PASSWORD}"
 * tls = false                     # true: TLS, checked against the JVM trust store or tls_ca
 * tls_ca = ""                     # PEM file of the CA(s) to trust
 * tls_cert = ""                   # PEM client certificate, with tls_key (tls-auth-clients yes)
 * tls_key = ""
 * tls_skip_verify = false         # trust any certificate (tests only; logged as a WARN)
 * dbs = []                        # the dbs to scan; empty: every db INFO keyspace lists
 * scan = true                     # false: no scan, only the keys notifications name (needs ksn = true)
 * count = 1                       # SCAN COUNT
 * ksn = false                     # follow keyspace notifications: live changes, until stopped
 * ksn_configure = false           # Ferry's own: let Ferry set notify-keyspace-events on the source
 * max_qps = 0                     # Ferry's own: commands per second on the source, 0 = no limit
 * </pre>
 *
 * @param address      {@code host:port} of the source (of any node with {@code cluster})
 * @param username     ACL user name, {@code ""} for none
 * @param password     password, {@code ""} for none; never printed by {@link #toString()}
 * @param tls          TLS, from {@code tls} and the {@code tls_*} keys
 * @param cluster      the source is a Redis Cluster: every master is scanned
 * @param dbs          the databases to scan, ascending; empty means every db the source lists in INFO keyspace
 * @param scan         scan the keys there are (false: only follow notifications)
 * @param count        the COUNT hint of each SCAN
 * @param ksn          subscribe to keyspace notifications and keep going after the scan
 * @param ksnConfigure allow Ferry to turn the source's notifications on ({@code CONFIG SET notify-keyspace-events})
 * @param maxQps       commands per second on the source for the whole job, 0 for no limit
 */
public record ScanReaderConfig(String address, String username, String password, TlsSettings tls, boolean cluster,
                               List<Integer> dbs, boolean scan, int count, boolean ksn, boolean ksnConfigure,
                               long maxQps) implements ReaderConfig, Addressed {

    @Serial
    private static final long serialVersionUID = 2L;

    public ScanReaderConfig {
        Objects.requireNonNull(address, "address");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        tls = tls == null ? TlsSettings.OFF : tls;
        dbs = List.copyOf(dbs);
        if (dbs.stream().anyMatch(db -> db < 0) || dbs.stream().distinct().count() != dbs.size()) {
            throw new IllegalArgumentException("dbs must be distinct db numbers: " + dbs);
        }
        dbs = dbs.stream().sorted().toList();
        if (cluster && !dbs.isEmpty() && !dbs.equals(List.of(0))) {
            throw new IllegalArgumentException("a cluster source has only db 0: " + dbs);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        if (maxQps < 0) {
            throw new IllegalArgumentException("max_qps must not be negative: " + maxQps);
        }
        if (!scan && !ksn) {
            throw new IllegalArgumentException("scan_reader with scan = false and ksn = false reads nothing");
        }
    }

    @Override
    public String section() {
        return "scan_reader";
    }

    @Override
    public String toString() {
        return "ScanReaderConfig[" + loginFields() + ", cluster=" + cluster + ", dbs=" + dbs
                + ", scan=" + scan + ", count=" + count + ", ksn=" + ksn + ", ksnConfigure=" + ksnConfigure
                + ", maxQps=" + maxQps + "]";
    }
}
