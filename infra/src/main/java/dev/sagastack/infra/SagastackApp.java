package dev.sagastack.infra;

import software.amazon.awscdk.App;

/** Entry point of the CDK app; the stacks are added as the infrastructure issue lands. */
public final class SagastackApp {

    private SagastackApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        app.synth();
    }
}
