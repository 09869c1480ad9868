using VideoRegistry.Tests.Support;

namespace VideoRegistry.Probing.Tests;

[CollectionDefinition(CameraSimulatorGroup.Name)]
public sealed class SharedCameraSimulator : ICollectionFixture<CameraSimulator>;
