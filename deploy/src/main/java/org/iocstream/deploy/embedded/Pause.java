package org.iocstream.deploy.embedded;

import java.time.Duration;

/** Sleeping inside a polling loop, turning an interruption into a failure of the embedded service call. */
final class Pause {

    private Pause() {
    }

    static void briefly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException("interrupted while waiting", e);
        }
    }
}
