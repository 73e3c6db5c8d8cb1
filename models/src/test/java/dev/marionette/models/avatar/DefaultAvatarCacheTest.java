package dev.marionette.models.avatar;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultAvatarCacheTest {
    @Test
    void aNewRecipeRemovesTheDefaultAvatarsOfEarlierOnes(@TempDir Path cache) throws Exception {
        for (String name : new String[] {"default-avatar-88431cd9653c-r1.mavatar", "default-avatar-88431cd9653c-r3.mavatar",
                "default-avatar-0123456789ab-r4.mavatar", "default-avatar-88431cd9653c-r4.mavatar", "me.mavatar", "notes.txt"}) {
            Files.writeString(cache.resolve(name), name);
        }
        DefaultAvatar.removeStale(cache, "default-avatar-88431cd9653c-r4.mavatar");
        try (var left = Files.list(cache)) {
            assertEquals(java.util.Set.of("default-avatar-88431cd9653c-r4.mavatar", "me.mavatar", "notes.txt"),
                    left.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                    "only the current default avatar and files that are not default avatars stay");
        }
        DefaultAvatar.removeStale(cache.resolve("missing"), "x"); // a missing folder is not an error
    }
}
