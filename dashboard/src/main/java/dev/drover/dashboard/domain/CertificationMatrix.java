package dev.drover.dashboard.domain;

import dev.drover.db.generated.certification.tables.records.CertificationJobsRecord;
import dev.drover.db.generated.certification.tables.records.ModelCertificationsRecord;
import java.util.List;
import java.util.Map;

/** One batch with its model × region matrix of certifications (a cell is null where nothing was recorded yet). */
public record CertificationMatrix(CertificationJobsRecord batch, List<String> models, List<String> regions,
                                  Map<String, ModelCertificationsRecord> cells) {

    public CertificationMatrix {
        cells = Map.copyOf(cells);
    }

    static String key(String model, String region) {
        return model + "\n" + region;
    }

    public ModelCertificationsRecord cell(String model, String region) {
        return cells.get(key(model, region));
    }

    /** How many cells got each rating and each error category (or are still in a status), for the summary line. */
    public Map<String, Long> tally() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (ModelCertificationsRecord r : cells.values()) {
            if (r.getRating() != null) {
                out.merge("rating " + r.getRating(), 1L, Long::sum);
            }
            if (r.getErrorCategory() != null) {
                out.merge(r.getErrorCategory(), 1L, Long::sum);
            }
            if (r.getRating() == null && r.getErrorCategory() == null) {
                out.merge(r.getStatus().getLiteral(), 1L, Long::sum);
            }
        }
        return out;
    }
}
