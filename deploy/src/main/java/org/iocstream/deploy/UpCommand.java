package org.iocstream.deploy;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.config.Setting;
import org.iocstream.deploy.stack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ioc-stream up}: starts the whole stack and runs until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the whole stack: Kafka, MQTT broker, QuestDB (each embedded unless configured as "
                + "external), the telemetry job on a Flink MiniCluster, the MQTT and CoAP ingests and the gateway "
                + "simulator.",
                "Runs until Ctrl-C, then stops everything cleanly; the job stops with a savepoint so the next 'up' on "
                        + "the same data directory continues where this one stopped."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions settings;

    @Option(names = "--list-settings", description = "Print every setting with its default and meaning, then exit.")
    boolean listSettings;

    @Override
    public Integer call() throws Exception {
        if (listSettings) {
            for (Setting<?> setting : IocConfig.ALL) {
                System.out.printf("%-32s %-14s %s%n", setting.key(), "[" + setting.defaultValue() + "]",
                        setting.description());
            }
            return 0;
        }
        IocConfig config = settings.load();

        // the hook exists before anything starts, so Ctrl-C during a slow first start still stops cleanly
        Stack stack = new Stack();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("ioc-stream: stopping...");
            stack.close();
            System.out.println("ioc-stream: stopped");
            stopped.countDown();
        }, "ioc-stream-shutdown"));
        stack.open(config, Clock.systemUTC());

        System.out.println();
        System.out.println("IOC Stream is up (data in " + config.get(IocConfig.DATA_DIR) + "):");
        stack.addresses().forEach((name, address) -> System.out.printf("  %-36s %s%n", name, address));
        System.out.println("  Try: curl -G " + stack.storeUrl() + "/exec --data-urlencode "
                + "\"query=select commune, count() from reading_10s\"");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
