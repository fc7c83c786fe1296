package dev.drover.dashboard.web;

import java.io.IOException;

/** Answers one route. */
@FunctionalInterface
public interface Handler {

    void handle(Exchange ex) throws IOException;
}
