package io.metering.agent.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.AgentVersion;
import io.metering.agent.config.Identity;
import io.metering.agent.config.Json;
import io.metering.agent.enroll.Enrollment;
import io.metering.agent.enroll.EnrollmentClient;

/** {@code enroll --server URL --token T [--data-dir D]}. */
final class EnrollCommand implements Command {

    private final PrintStream out;

    EnrollCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "enroll";
    }

    @Override
    public String usage() {
        return """
                Usage: metering-agent enroll --server URL --token T [--data-dir DIR] [--hostname NAME]

                Creates this device's Ed25519 key pair (DIR/device-key.pk8, mode 600), registers the public
                key with POST URL/v1/enroll and stores the answer in DIR/identity.json (mode 600).
                A directory that is already enrolled is left as it is.
                """;
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("server", "token", "data-dir", "hostname"));
        String server = args.required("server");
        String token = args.required("token");
        AgentPaths paths = Setup.paths(args);
        ObjectMapper json = Json.newMapper();
        Identity identity = new Enrollment(new EnrollmentClient(Setup.http(), json), json)
                .enroll(paths, server, token, args.option("hostname").orElseGet(EnrollCommand::hostname),
                        AgentVersion.current());
        out.printf("Enrolled: device %s of tenant %s, state in %s%n", identity.deviceId(), identity.tenantId(),
                paths.dataDir());
        return ExitCodes.OK;
    }

    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }
}
