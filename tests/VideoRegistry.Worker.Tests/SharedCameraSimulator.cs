using VideoRegistry.Tests.Support;

namespace VideoRegistry.Worker.Tests;

[CollectionDefinition(CameraSimulatorGroup.Name)]
public sealed class SharedCameraSimulator : ICollectionFixture<CameraSimulator>;
