/**
 * Interop harness that runs the real {@code bullmq} npm package (pinned 5.x and 6.x) in a Node.js process
 * and drives it from Java tests: {@link dev.drover.testing.bullmq.NodeBullmq} is the entry point.
 */
package dev.drover.testing.bullmq;
