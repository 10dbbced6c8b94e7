package dev.sagastack.local.iam.rds;

import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;
import dev.sagastack.local.iam.ServiceError;
import dev.sagastack.local.iam.ServiceErrors;
import dev.sagastack.local.iam.sigv4.QueryString;

import java.util.List;
import java.util.Map;

/**
 * IAM database authentication in front of the local PostgreSQL, as RDS Proxy does it ("IAM
 * database authentication", "Connecting to your DB instance using IAM authentication"): the
 * password is an authentication token, a SigV4 presigned {@code GET https://host:port/?Action=connect
 * &DBUser=user} for the service {@code rds-db}, valid 15 minutes, for the endpoint the client
 * connected to and the user it logs in as, signed by a principal allowed {@code rds-db:connect} on
 * {@code arn:aws:rds-db:region:account:dbuser:prx-.../user}. Any refusal is PostgreSQL's
 * authentication failure; the reason goes to the log and the console, never to the client.
 */
public final class RdsAuthTokens {

    /** Tokens live 15 minutes; one signed to live longer is refused too. */
    public static final long MAX_TOKEN_SECONDS = 900;

    private final AccessControl control;
    private final String endpoint;
    private final String proxyResourceId;

    /**
     * @param endpoint        {@code host:port} the proxy listens on, as the client names it in the token
     * @param proxyResourceId the proxy's resource id ({@code prx-...}), the last part of its ARN
     */
    public RdsAuthTokens(AccessControl control, String endpoint, String proxyResourceId) {
        if (!proxyResourceId.startsWith("prx-")) {
            throw new IllegalArgumentException("a proxy resource id starts with prx-, got " + proxyResourceId);
        }
        this.control = control;
        this.endpoint = endpoint;
        this.proxyResourceId = proxyResourceId;
    }

    /** The outcome of one login: allowed, or refused with PostgreSQL's error and the reason for the log. */
    public record Login(boolean accepted, String reason, Decision decision, ServiceError error) {
    }

    public Login verify(String user, String token) {
        int split = token == null ? -1 : token.indexOf("/?");
        if (split < 0) {
            return refused(user, "the password is not an IAM authentication token", null);
        }
        String hostPort = token.substring(0, split);
        String query = token.substring(split + 2);
        Map<String, String> params = QueryString.decodedFirstValues(query);
        if (!hostPort.equalsIgnoreCase(endpoint)) {
            return refused(user, "the token was generated for " + hostPort + ", not for " + endpoint, null);
        }
        if (!"connect".equals(params.get("Action")) || !user.equals(params.get("DBUser"))) {
            return refused(user, "the token is for user " + params.get("DBUser") + ", not for " + user, null);
        }
        long expires = parseLong(params.get("X-Amz-Expires"));
        if (expires > MAX_TOKEN_SECONDS) {
            return refused(user, "the token is signed to live " + expires + " s, more than 15 minutes", null);
        }
        HttpRequestView request = new HttpRequestView("GET", "/", query, Map.of("host", List.of(hostPort)), null);
        Decision decision = control.authorize(request, new ConnectAction(user));
        if (decision.allowed()) {
            return new Login(true, "", decision, null);
        }
        String reason = decision.reason();
        return refused(user, reason, decision);
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Login refused(String user, String reason, Decision decision) {
        System.getLogger(RdsAuthTokens.class.getName()).log(System.Logger.Level.WARNING,
                "database login refused for " + user + ": " + reason);
        return new Login(false, reason, decision, ServiceErrors.databaseLoginRefused(user));
    }

    /** rds-db:connect on the proxy's dbuser ARN for the login user. */
    private final class ConnectAction implements ServiceActionResolver {
        private final String user;

        ConnectAction(String user) {
            this.user = user;
        }

        @Override
        public AwsService service() {
            return AwsService.RDS_DB;
        }

        @Override
        public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
            return List.of(new AuthorizationRequest("rds-db:connect", "arn:aws:rds-db:" + scope.region() + ":"
                    + scope.accountId() + ":dbuser:" + proxyResourceId + "/" + user));
        }
    }
}
