package dev.sagastack.infra;

import dev.sagastack.infra.stateful.StatefulStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention is consistent per stage: what prod keeps can still be used or restored (the retained
 * cluster keeps its VPC, subnets, security groups, subnet group and master secret), and dev's destroy
 * leaves nothing behind that the templates created, log groups included.
 */
class TeardownTest {

    private static final Map<String, Object> RETAINED = Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain");

    @Test
    @DisplayName("prod retains Aurora together with the VPC, subnets, security groups, subnet group and secrets it needs")
    void prodRetainsWhatTheDatabaseNeeds() {
        Template prod = SynthesizedStage.prod().stateful;
        prod.allResources("AWS::RDS::DBCluster", Match.objectLike(RETAINED));
        for (String type : StatefulStack.RETAINED_WITH_THE_DATABASE) {
            if (!prod.findResources(type).isEmpty()) {
                prod.allResources(type, Match.objectLike(RETAINED));
            }
        }
        for (String type : List.of("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup",
                "AWS::RDS::DBSubnetGroup", "AWS::SecretsManager::Secret")) {
            assertThat(prod.findResources(type)).as(type).isNotEmpty();
        }
        // the data key that encrypts the retained storage is retained too
        prod.allResources("AWS::KMS::Key", Match.objectLike(RETAINED));
    }

    @Test
    @DisplayName("prod without Aurora has nothing to keep the VPC for")
    void prodWithoutAuroraDoesNotRetainTheVpc() {
        Template prodNoAurora = SynthesizedStage.variant("prod-no-aurora").stateful;
        prodNoAurora.allResources("AWS::EC2::VPC", Match.not(Match.objectLike(Map.of("DeletionPolicy", "Retain"))));
    }

    @Test
    @DisplayName("dev destroys everything, including the VPC, the secrets and every log group (provider and RDS ones too)")
    void devDestroysEverything() {
        SynthesizedStage dev = SynthesizedStage.dev();
        Object notRetained = Match.not(Match.objectLike(Map.of("DeletionPolicy", "Retain")));
        for (Template template : List.of(dev.stateful, dev.stateless)) {
            for (String type : List.of("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup",
                    "AWS::SecretsManager::Secret", "AWS::RDS::DBCluster", "AWS::KMS::Key", "AWS::DynamoDB::Table",
                    "AWS::Logs::LogGroup")) {
                if (!template.findResources(type).isEmpty()) {
                    template.allResources(type, notRetained);
                }
            }
        }
        // the schema migration provider's log group (the framework would otherwise keep it)
        dev.stateless.resourceCountIs("AWS::Logs::LogGroup", dev.stateless.findResources("AWS::Logs::LogGroup").size());
        dev.stateless.allResources("AWS::Logs::LogGroup", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
        // the group RDS creates for the exported PostgreSQL log is deleted by CDK's LogRetention on stack delete
        dev.stateful.hasResourceProperties("Custom::LogRetention", Match.objectLike(Map.of(
                "LogGroupName", Match.objectLike(Map.of("Fn::Join", Match.anyValue())),
                "RemovalPolicy", "destroy")));
        SynthesizedStage.prod().stateful.hasResourceProperties("Custom::LogRetention",
                Match.objectLike(Map.of("RemovalPolicy", "retain")));
    }
}
