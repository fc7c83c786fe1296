package dev.drover.cli.db;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.cli.output.Output;
import dev.drover.db.lifecycle.Finding;
import dev.drover.db.lifecycle.SchemaStatus;
import java.util.List;

/** The JSON shapes {@code drover db} prints: a schema status and a list of check findings. */
final class DbJson {

    private DbJson() {
    }

    /** {@code {database, status, matches, version, jarVersion, summary, remedy, problems[], migrations[]}}. */
    static ObjectNode status(Output out, String database, SchemaStatus s) {
        ObjectNode o = out.object().put("database", database).put("status", s.verdict().label())
                .put("matches", s.isCurrent()).put("version", s.databaseVersion()).put("jarVersion", s.codeVersion())
                .put("summary", "the schema " + s.summary()).put("remedy", s.isCurrent() ? null : s.remedy(null));
        ArrayNode problems = o.putArray("problems");
        s.problems().forEach(problems::add);
        ArrayNode migrations = o.putArray("migrations");
        for (SchemaStatus.Entry e : s.migrations()) {
            migrations.addObject().put("version", e.version()).put("description", e.description())
                    .put("state", e.state().label())
                    .put("installedOn", e.installedOn() == null ? null : e.installedOn().toString())
                    .put("installedBy", e.installedBy()).put("executionMs", e.executionMs());
        }
        return o;
    }

    /** {@code [{check, ok, detail}]} into {@code o.checks}, with {@code o.ok} the conjunction. */
    static ObjectNode findings(ObjectNode o, List<Finding> findings) {
        o.put("ok", findings.stream().allMatch(Finding::ok));
        ArrayNode checks = o.putArray("checks");
        findings.forEach(f -> checks.addObject().put("check", f.check()).put("ok", f.ok()).put("detail", f.detail()));
        return o;
    }

    /** Human lines for findings: {@code ok    check: detail} or {@code FAIL  check: detail}. */
    static void printFindings(Output out, List<Finding> findings) {
        for (Finding f : findings) {
            String mark = f.ok() ? out.style("green", "ok  ") : out.style("red,bold", "FAIL");
            out.println(mark + "  " + f.check() + ": " + f.detail());
        }
    }
}
