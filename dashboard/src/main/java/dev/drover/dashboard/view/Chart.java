package dev.drover.dashboard.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * A line chart as the page's script draws it with Chart.js: the template puts {@link #json()} in a
 * {@code data-chart} attribute (escaped by jte), so no script is generated from data.
 */
public record Chart(String title, List<String> labels, List<Series> series) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line: its label, CSS colour and points (null for a gap). */
    public record Series(String label, String color, List<? extends Number> data) {
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isEmpty() {
        return series.stream().allMatch(s -> s.data().stream().allMatch(n -> n == null || n.doubleValue() == 0));
    }
}
