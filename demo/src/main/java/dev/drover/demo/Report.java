package dev.drover.demo;

import org.jooq.DSLContext;

/** Everything the demo reads back from Postgres for its summary. */
record Report(CertificationReport certification, SyncReport sync, GpuReport gpu) {

    static Report read(DSLContext dsl) {
        return new Report(CertificationReport.read(dsl), SyncReport.read(dsl), GpuReport.read(dsl));
    }

    String render() {
        return certification.render() + "\n" + sync.render() + "\n" + gpu.render();
    }
}
