package dev.marionette.app.cli;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarFile;
import dev.marionette.models.avatar.AvatarFormatException;
import dev.marionette.models.avatar.DefaultAvatar;

/** Resolves an --avatar value: "default" or a .mavatar file. */
final class AvatarOption {
    private AvatarOption() {}

    static Avatar load(String value) {
        if (value == null || value.equals("default")) return DefaultAvatar.get();
        try {
            return AvatarFile.load(java.nio.file.Path.of(value));
        } catch (AvatarFormatException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
    }
}
