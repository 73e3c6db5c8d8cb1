package dev.marionette.app.cli;

import dev.marionette.renderer.avatar.AvatarView;

/** The command-line names of the renderers. */
public enum RendererName {
    triplane(AvatarView.Kind.TRIPLANE), mesh(AvatarView.Kind.MESH);

    final AvatarView.Kind kind;

    RendererName(AvatarView.Kind kind) {
        this.kind = kind;
    }
}
