package dev.drover.example;

import dev.drover.queue.Job;
import dev.drover.queue.Queue;
import dev.drover.spring.DroverQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Enqueues thumbnails and shows how their jobs stand. */
@RestController
class ImageController {

    private final Queue thumbnails;

    ImageController(@DroverQueue("thumbnails") Queue thumbnails) {
        this.thumbnails = thumbnails;
    }

    @PostMapping("/images")
    ResponseEntity<Map<String, String>> add(@RequestBody ResizeRequest request) {
        if (request.url() == null || request.width() <= 0) {
            return ResponseEntity.badRequest().body(Map.of("error", "url and a positive width are required"));
        }
        String id = thumbnails.add("resize", request);
        return ResponseEntity.accepted().body(Map.of("jobId", id));
    }

    @GetMapping("/images/{id}")
    ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
        return thumbnails.getJob(id).map(job -> ResponseEntity.ok(view(job)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static Map<String, Object> view(Job job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobId", job.id());
        out.put("state", job.getState().bullName());
        out.put("result", job.returnValue() == null ? null : job.returnValue().toString());
        out.put("failedReason", job.failedReason().orElse(null));
        return out;
    }
}
