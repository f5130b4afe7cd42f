global using Contestlet.Web.Tests.Integration.Infrastructure;
