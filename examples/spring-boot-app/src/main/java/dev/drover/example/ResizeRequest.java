package dev.drover.example;

/** A thumbnail to make: the image's URL and the width wanted. */
public record ResizeRequest(String url, int width) {
}
