package org.iocstream.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code deploy/bin/ioc-stream}. */
@Command(name = "ioc-stream", mixinStandardHelpOptions = true, version = "ioc-stream 0.1.0",
        description = "Real-time stream processing for the provincial IOC and the commune operations rooms.",
        subcommands = {UpCommand.class, SimCommand.class, GatewayCommand.class, IngestCommand.class,
                DeadLettersCommand.class})
public final class IocStreamCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exitCode = new CommandLine(new IocStreamCli()).execute(args);
        // embedded services leave non-daemon threads behind; a finished command must still end the process
        System.exit(exitCode);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required, e.g. 'up'");
    }
}
