package dev.drover.dashboard.domain;

import dev.drover.dashboard.view.Views;
import dev.drover.dashboard.web.Exchange;
import dev.drover.dashboard.web.Handler;
import java.util.Map;
import java.util.UUID;

/** The pages over the workers' Postgres: certification batches, CRM segments, GPU jobs and users' ledgers. */
public final class DomainPages {

    private final CertificationReader certification;
    private final CrmReader crm;
    private final GpuReader gpu;
    private final Views views;

    public DomainPages(CertificationReader certification, CrmReader crm, GpuReader gpu, Views views) {
        this.certification = certification;
        this.crm = crm;
        this.gpu = gpu;
        this.views = views;
    }

    public Map<String, Handler> routes() {
        return Map.of(
                "/certification", ex -> ex.html(200, views.render("domain/certifications.jte",
                        Map.of("page", ex.page("Certification batches", "certification"),
                                "batches", certification.batches()))),
                "/certification/batch", ex -> {
                    UUID id = uuid(ex, "id");
                    CertificationMatrix m = certification.batch(id)
                            .orElseThrow(() -> new Exchange.NotFound("no certification batch " + id));
                    ex.html(200, views.render("domain/certification.jte",
                            Map.of("page", ex.page("batch " + id, "certification"), "m", m)));
                },
                "/crm", ex -> ex.html(200, views.render("domain/crm.jte",
                        Map.of("page", ex.page("CRM segments", "crm"), "segments", crm.segments()))),
                "/gpu", ex -> ex.html(200, views.render("domain/gpuJobs.jte",
                        Map.of("page", ex.page("GPU jobs", "gpu"), "jobs", gpu.jobs(), "users", gpu.users()))),
                "/gpu/job", ex -> {
                    UUID id = uuid(ex, "id");
                    GpuReader.Detail d = gpu.job(id).orElseThrow(() -> new Exchange.NotFound("no GPU job " + id));
                    ex.html(200, views.render("domain/gpuJob.jte", Map.of("page", ex.page("GPU job " + id, "gpu"), "d", d)));
                },
                "/gpu/user", ex -> {
                    UUID id = uuid(ex, "id");
                    GpuReader.Ledger l = gpu.ledger(id).orElseThrow(() -> new Exchange.NotFound("no user " + id));
                    ex.html(200, views.render("domain/gpuUser.jte",
                            Map.of("page", ex.page(l.user().getEmail(), "gpu"), "l", l)));
                });
    }

    private static UUID uuid(Exchange ex, String param) {
        return DomainLinks.uuid(ex.require(param))
                .orElseThrow(() -> new Exchange.BadRequest("parameter '" + param + "' must be a UUID"));
    }
}
