package dev.drover.dashboard.domain;

/** A link from a queue job to the domain row it works on (or back): its label and path below the dashboard's base. */
public record DomainLink(String label, String path) {
}
