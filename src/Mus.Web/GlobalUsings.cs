// What nearly every page and service of the application reads; a file's own using lines then say what is special about it.
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Localization;
global using Mus.Web.Data;
global using Mus.Web.Domain;
global using Mus.Web.Domain.Conversations;
global using Mus.Web.Infrastructure.Auth;
