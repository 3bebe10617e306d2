using Jamsostek.Worker.CommandLine;

return await WorkerCommandLine.InvokeAsync(args);
