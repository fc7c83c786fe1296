package dev.drover.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Describes the machine a run happened on: cores, CPU model, memory, Redis, JDK and Node versions. */
final class MachineInfo {

    private MachineInfo() {
    }

    static Map<String, Object> describe(String redisVersion, String redisSource) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu", procField("/proc/cpuinfo", "model name"));
        String mem = procField("/proc/meminfo", "MemTotal");
        m.put("memory", mem.endsWith("kB") ? Math.round(Long.parseLong(mem.replaceAll("[^0-9]", "")) / 1048576.0)
                + " GiB" : mem);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("redis", redisVersion + " (" + redisSource + ")");
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("node", nodeVersion());
        m.put("bullmq", "6.7.0 (test-fixtures/src/main/node/bullmq6)");
        return m;
    }

    private static String procField(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder(System.getenv().getOrDefault("NODE", "node"), "--version").start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return v;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
