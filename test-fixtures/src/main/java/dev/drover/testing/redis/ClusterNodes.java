package dev.drover.testing.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** One node's {@code CLUSTER NODES} view: who is master of which slots, and whose replica each node is. */
record ClusterNodes(List<Line> lines) {

    /** One node: id, address, master or replica, its master's id ("-" for a master) and its slot ranges. */
    record Line(String id, HostAndPort address, boolean master, String masterId, List<int[]> slots) {
        boolean serves(int slot) {
            return slots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
        }
    }

    static ClusterNodes of(LocalRedisCluster cluster) {
        RuntimeException last = null;
        for (RedisServerProcess n : cluster.processes()) {
            try (Jedis j = new Jedis(n.host(), n.port(), 2_000)) {
                return parse(j.clusterNodes());
            } catch (RuntimeException e) {
                last = e; // that node may be the one being failed over; ask the next
            }
        }
        throw new IllegalStateException("no cluster node answered CLUSTER NODES", last);
    }

    static ClusterNodes parse(String text) {
        List<Line> lines = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String[] f = raw.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            String addr = f[1].split("@")[0];
            int colon = addr.lastIndexOf(':');
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] r = f[i].split("-");
                slots.add(new int[] {Integer.parseInt(r[0]), Integer.parseInt(r[r.length - 1])});
            }
            boolean master = f[2].contains("master") && !f[2].contains("fail");
            lines.add(new Line(f[0], new HostAndPort(addr.substring(0, colon), Integer.parseInt(addr.substring(colon + 1))),
                    master, f[3], slots));
        }
        return new ClusterNodes(lines);
    }

    Line masterOf(int slot) {
        return lines.stream().filter(l -> l.master() && l.serves(slot)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
    }

    List<Line> replicasOf(String masterId) {
        return lines.stream().filter(l -> !l.master() && l.masterId().equals(masterId)).toList();
    }
}
