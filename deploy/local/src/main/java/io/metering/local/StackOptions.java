package io.metering.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of the run command, each with the default of DESIGN.md section 10.
 *
 * @param repo          the repository root (service jars, realm file)
 * @param dataDir       where every part keeps its state between runs
 * @param demo          start the simulated fleet
 * @param devices       size of the simulated fleet
 * @param billingPort   billing-service (console and API)
 * @param ingestPort    ingest-service (HTTP: tools, importers)
 * @param ingestTlsPort ingest-service over HTTPS with the local CA (agent uploads)
 * @param keycloakPort  Keycloak
 * @param kafkaPort     Kafka (the controller listens on the next port)
 * @param postgresPort  embedded PostgreSQL
 */
public record StackOptions(Path repo, Path dataDir, boolean demo, int devices, int billingPort, int ingestPort, int ingestTlsPort,
                           int keycloakPort, int kafkaPort, int postgresPort) {

    public static final String USAGE = """
            Usage: deploy/local/run [options]
              --no-demo            start without the simulated fleet
              --data-dir DIR       keep state in DIR (default: .data under the repository)
              --devices N          simulated devices (default 25)
              --billing-port P     default 8080
              --ingest-port P      default 8081
              --ingest-tls-port P  default 8443 (agent uploads over HTTPS, local CA in DATA_DIR/tls)
              --keycloak-port P    default 8180
              --kafka-port P       default 9092 (the controller uses P+1)
              --postgres-port P    default 5433
            Set METERING_DB_URL (and METERING_DB_USER, METERING_DB_PASSWORD) to use an external
            PostgreSQL/TimescaleDB instead of the embedded one.""";

    /** Options with the HTTPS port of ingest-service chosen free (tests). */
    public StackOptions(Path repo, Path dataDir, boolean demo, int devices, int billingPort, int ingestPort,
                        int keycloakPort, int kafkaPort, int postgresPort) {
        this(repo, dataDir, demo, devices, billingPort, ingestPort, Ports.one(), keycloakPort, kafkaPort, postgresPort);
    }


    public static StackOptions parse(String[] args) {
        Path repo = Path.of("").toAbsolutePath();
        Path dataDir = null;
        boolean demo = true;
        int devices = 25;
        int billing = 8080;
        int ingest = 8081;
        int ingestTls = 8443;
        int keycloak = 8180;
        int kafka = 9092;
        int postgres = 5433;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--no-demo" -> demo = false;
                case "--repo" -> repo = Path.of(value(arg, rest)).toAbsolutePath();
                case "--data-dir" -> dataDir = Path.of(value(arg, rest)).toAbsolutePath();
                case "--devices" -> devices = number(arg, rest);
                case "--billing-port" -> billing = number(arg, rest);
                case "--ingest-port" -> ingest = number(arg, rest);
                case "--ingest-tls-port" -> ingestTls = number(arg, rest);
                case "--keycloak-port" -> keycloak = number(arg, rest);
                case "--kafka-port" -> kafka = number(arg, rest);
                case "--postgres-port" -> postgres = number(arg, rest);
                case "-h", "--help" -> throw new UsageException(USAGE);
                default -> throw new UsageException("Unknown option " + arg + "\n" + USAGE);
            }
        }
        return new StackOptions(repo, dataDir == null ? repo.resolve(".data") : dataDir, demo, devices,
                billing, ingest, ingestTls, keycloak, kafka, postgres);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new UsageException(option + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }

    private static int number(String option, List<String> rest) {
        String text = value(option, rest);
        try {
            int n = Integer.parseInt(text);
            if (n < 1 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number from 1 to 65535, not '" + text + "'");
        }
    }

    /** Wrong command line; the message says what to type instead. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
