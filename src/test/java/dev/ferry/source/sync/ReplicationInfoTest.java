package dev.ferry.source.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a replica after a failover reports (Redis 7.0 INFO replication) and which PSYNC it would continue. */
class ReplicationInfoTest {
    private static final String OLD = "58dc15c79d25380042fccbc3d44044085486208b";
    private static final String NEW = "a72d53538c09b19617a7ecad1cfa262f39a155e1";

    private static final String PROMOTED = String.join("\r\n", "# Replication", "role:master", "connected_slaves:0",
            "master_failover_state:no-failover", "master_replid:" + NEW, "master_replid2:" + OLD,
            "master_repl_offset:2000", "second_repl_offset:1501", "repl_backlog_active:1",
            "repl_backlog_size:1048576", "repl_backlog_first_byte_offset:1", "repl_backlog_histlen:2000", "");

    @Test
    void aPromotedReplicaContinuesTheOldHistoryUpToItsPromotion() {
        ReplicationInfo info = ReplicationInfo.parse(PROMOTED);
        assertThat(info.isSyncedReplica()).isFalse();
        assertThat(info.canContinue(new PsyncRequest(OLD, 1500))).isTrue();
        assertThat(info.canContinue(new PsyncRequest(OLD, 1501))).as("past its promotion: history it never had").isFalse();
        assertThat(info.canContinue(new PsyncRequest(NEW, 1800))).isTrue();
        assertThat(info.canContinue(new PsyncRequest(NEW, 2001))).as("beyond its offset").isFalse();
        assertThat(info.canContinue(PsyncRequest.fullSync())).isFalse();
    }

    @Test
    void aReplicaInSyncWhoseBacklogNoLongerHoldsTheOffset() {
        ReplicationInfo info = ReplicationInfo.parse(String.join("\n", "role:slave", "master_link_status:up",
                "master_replid:" + NEW, "master_replid2:0000000000000000000000000000000000000000",
                "master_repl_offset:9000", "second_repl_offset:-1", "repl_backlog_active:1",
                "repl_backlog_first_byte_offset:5000"));
        assertThat(info.isSyncedReplica()).isTrue();
        assertThat(info.canContinue(new PsyncRequest(NEW, 4998))).isFalse();
        assertThat(info.canContinue(new PsyncRequest(NEW, 4999))).isTrue();
    }
}
