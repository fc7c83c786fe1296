package dev.drover.example;

import dev.drover.spring.DroverWorker;
import org.springframework.stereotype.Component;

/** The worker: one annotated method per queue. */
@Component
class Thumbnailer {

    /** What a finished job returns. */
    record Thumbnail(String source, int width, String path) {
    }

    @DroverWorker(queue = "thumbnails", concurrency = 4)
    Thumbnail resize(ResizeRequest request) {
        // a real service would fetch and scale the image here
        String file = request.url().substring(request.url().lastIndexOf('/') + 1);
        return new Thumbnail(request.url(), request.width(), "thumbs/" + request.width() + "/" + file);
    }
}
