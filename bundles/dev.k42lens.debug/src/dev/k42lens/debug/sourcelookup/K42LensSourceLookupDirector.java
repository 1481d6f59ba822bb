package dev.k42lens.debug.sourcelookup;

import org.eclipse.debug.core.sourcelookup.AbstractSourceLookupDirector;

/** Finds the C sources of a launch's frames (by their DWARF file names) in its source containers. */
public class K42LensSourceLookupDirector extends AbstractSourceLookupDirector {
    @Override
    public void initializeParticipants() {
        addParticipants(new K42LensSourceLookupParticipant[] { new K42LensSourceLookupParticipant() });
    }
}
