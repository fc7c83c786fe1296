package dev.drover.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service on Drover: {@code POST /images} enqueues a resize job, a {@code @DroverWorker} method makes
 * the thumbnail, {@code GET /images/{id}} shows the job. Redis comes from {@code spring.data.redis.url}.
 */
@SpringBootApplication
public class ThumbnailApp {

    public static void main(String[] args) {
        SpringApplication.run(ThumbnailApp.class, args);
    }
}
