package dev.drover.certification;

import dev.drover.testing.NoTestSeamsContract;

/** The production classes carry no test seam: crash points live in test-only mains (issue 14). */
class NoTestSeamsTest extends NoTestSeamsContract {
}
