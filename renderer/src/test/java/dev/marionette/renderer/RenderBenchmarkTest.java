package dev.marionette.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marionette.renderer.bench.RenderBenchmark;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.triplane.TriPlaneRenderer;
import dev.marionette.renderer.vk.VulkanContext;
import org.junit.jupiter.api.Test;

class RenderBenchmarkTest {
    @Test
    void smallRunReportsFramesDeviceAndStages() throws Exception {
        try (VulkanContext context = VulkanTests.validatedContext()) {
            RenderBenchmark.Result result = RenderBenchmark.run(context, new RenderBenchmark.Settings(65, 47, 4, 2, 5, true));
            VulkanTests.assertNoValidationMessages(context);
            assertEquals(context.info().name(), result.device());
            assertEquals(5, result.frames());
            assertTrue(result.fps() > 0 && Double.isFinite(result.fps()), "fps " + result.fps());
            assertEquals(1000 / result.fps(), result.cpuMsPerFrame(), 1e-6);
            assertEquals(MeshRenderer.STAGES, result.gpuMsPerStage().keySet().stream().toList());

            JsonNode json = new ObjectMapper().readTree(result.toJson());
            assertEquals(65, json.get("width").asInt());
            assertEquals("mesh", json.get("path").asText());
            assertEquals(47, json.get("height").asInt());
            assertEquals(result.device(), json.get("device").asText());
            if (context.info().timestamps()) {
                for (String stage : MeshRenderer.STAGES) {
                    assertTrue(json.get("gpuMs").get(stage).asDouble() >= 0, stage + " in " + json);
                }
            }
        }
    }

    @Test
    void triPlaneRunReportsItsStagesAndMarchGrid() throws Exception {
        try (VulkanContext context = VulkanTests.validatedContext()) {
            RenderBenchmark.Settings settings = new RenderBenchmark.Settings(67, 45, 4, 2, 4, true)
                    .withRenderer(RenderBenchmark.Renderer.TRIPLANE).withMarch(34, 23);
            RenderBenchmark.Result result = RenderBenchmark.run(context, settings);
            VulkanTests.assertNoValidationMessages(context);
            assertEquals("triplane", result.path());
            assertEquals(TriPlaneRenderer.STAGES, result.gpuMsPerStage().keySet().stream().toList());
            assertTrue(result.fps() > 0 && Double.isFinite(result.fps()), "fps " + result.fps());

            JsonNode json = new ObjectMapper().readTree(result.toJson());
            assertEquals(67, json.get("width").asInt());
            assertEquals(34, json.get("marchWidth").asInt());
            assertEquals(23, json.get("marchHeight").asInt());
            if (context.info().timestamps()) {
                for (String stage : TriPlaneRenderer.STAGES) {
                    assertTrue(json.get("gpuMs").get(stage).asDouble() >= 0, stage + " in " + json);
                }
            }
        }
    }
}
